"""The team's workspace: an HTTP API and a web worklist on the same store as the CLI.

`escalade serveur` starts it (uvicorn, loopback unless told otherwise). Every route calls the
functions the commands call (the gate, the journal's recording transaction, the plan, the
transitions, the documents) and answers the same JSON as their `--json`: nothing of the
commands' logic is copied here. `application` builds the FastAPI app, `api` holds the JSON
routes, `web` the server-rendered pages (Jinja templates in `gabarits/`), `acces` the bearer
tokens and roles, `erreurs` the mapping of the project's errors to HTTP answers.
"""
