"""The SMTP server named by ESCALADE_SMTP, with the standard library only (smtplib).

ESCALADE_SMTP = smtp://user@host:port (STARTTLS required) or smtps://user@host:port (TLS
from the first byte); port 587 and 465 by default. A server on the loopback (127.0.0.1,
::1, localhost) that does not offer STARTTLS is spoken to in clear: the message does not
leave the machine; anywhere else, no STARTTLS means nothing is sent. The password comes from
ESCALADE_SMTP_MOT_DE_PASSE or from the file named by ESCALADE_SMTP_MOT_DE_PASSE_FICHIER;
it is never printed nor put in an error message. `smtp+clair://host:port` (no TLS, no
authentication) exists for a relay on the loopback and for the tests only.

A message is handed over in three steps (MAIL, RCPT, then DATA) so that the caller can
record the contact between RCPT (the server knows the recipient) and DATA.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

from escalade.droit.erreurs import EntreeInvalide

VARIABLE: Final = "ESCALADE_SMTP"
VARIABLE_MOT_DE_PASSE: Final = "ESCALADE_SMTP_MOT_DE_PASSE"
VARIABLE_FICHIER: Final = "ESCALADE_SMTP_MOT_DE_PASSE_FICHIER"
VARIABLE_EXPEDITEUR: Final = "ESCALADE_SMTP_EXPEDITEUR"
PORTS: Final = {"smtp": 587, "smtps": 465, "smtp+clair": 25}
DELAI_SECONDES: Final = 60


@dataclass(frozen=True)
class Serveur:
    schema: str
    hote: str
    port: int
    utilisateur: str | None
    mot_de_passe: str | None = None

    @property
    def boucle_locale(self) -> bool:
        """A server on this machine: the message does not cross the network."""
        return self.hote in ("127.0.0.1", "::1", "localhost")

    def __repr__(self) -> str:  # never the password
        qui = f"{self.utilisateur}@" if self.utilisateur else ""
        return f"{self.schema}://{qui}{self.hote}:{self.port}"

    __str__ = __repr__


def serveur_configure(environ: dict[str, str] | None = None) -> Serveur:
    """The server of ESCALADE_SMTP (French error naming the variable when it is wrong)."""
    env = dict(os.environ if environ is None else environ)
    url = env.get(VARIABLE, "").strip()
    if not url:
        raise EntreeInvalide(
            "aucun serveur d'envoi : définissez ESCALADE_SMTP (smtp://utilisateur@hote:587 "
            "ou smtps://utilisateur@hote:465), ou écrivez les messages avec --eml",
            champ=VARIABLE,
        )
    try:
        u = urlsplit(url)
        port = u.port
    except ValueError as e:
        raise EntreeInvalide(f"adresse de serveur illisible ({e})", champ=VARIABLE) from None
    if u.scheme not in PORTS or not u.hostname:
        raise EntreeInvalide(
            "adresse de serveur invalide : smtp://utilisateur@hote:port (STARTTLS) ou "
            "smtps://utilisateur@hote:port attendu",
            champ=VARIABLE,
        )
    if u.password is not None:
        raise EntreeInvalide(
            f"ne mettez pas le mot de passe dans l'adresse : utilisez {VARIABLE_MOT_DE_PASSE} "
            f"ou {VARIABLE_FICHIER}",
            champ=VARIABLE,
        )
    utilisateur = unquote(u.username) if u.username else None
    return Serveur(
        u.scheme,
        u.hostname,
        port or PORTS[u.scheme],
        utilisateur,
        _mot_de_passe(env) if utilisateur else None,
    )


def _mot_de_passe(env: dict[str, str]) -> str:
    if env.get(VARIABLE_MOT_DE_PASSE):
        return env[VARIABLE_MOT_DE_PASSE]
    fichier = env.get(VARIABLE_FICHIER)
    if fichier:
        try:
            return Path(fichier).read_text(encoding="utf-8").strip()
        except OSError as e:
            raise EntreeInvalide(
                f"fichier du mot de passe illisible ({e.strerror})",
                fichier=fichier,
                champ=VARIABLE_FICHIER,
            ) from None
    raise EntreeInvalide(
        f"un utilisateur est donné mais aucun mot de passe : définissez {VARIABLE_MOT_DE_PASSE} "
        f"ou {VARIABLE_FICHIER}",
        champ=VARIABLE,
    )


class Connexion:
    """One SMTP session for a batch (opened lazily, closed by `fermer`)."""

    def __init__(self, serveur: Serveur) -> None:
        self.serveur = serveur
        self._smtp: smtplib.SMTP | None = None

    def ouvrir(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        s = self.serveur
        contexte = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.schema == "smtps":
            smtp = smtplib.SMTP_SSL(s.hote, s.port, timeout=DELAI_SECONDES, context=contexte)
        else:
            smtp = smtplib.SMTP(s.hote, s.port, timeout=DELAI_SECONDES)
            smtp.ehlo_or_helo_if_needed()
            if s.schema == "smtp" and smtp.has_extn("starttls"):
                smtp.starttls(context=contexte)
                smtp.ehlo()
            elif s.schema == "smtp" and not s.boucle_locale:
                smtp.close()
                raise smtplib.SMTPNotSupportedError(
                    f"le serveur {s} ne propose pas STARTTLS : rien n'est envoyé en clair sur "
                    "le réseau (smtps:// pour TLS direct)"
                )
        smtp.ehlo_or_helo_if_needed()
        if s.utilisateur and s.mot_de_passe is not None:
            smtp.login(s.utilisateur, s.mot_de_passe)
        self._smtp = smtp
        return smtp

    def annoncer(self, expediteur: str, destinataire: str) -> None:
        """MAIL FROM and RCPT TO; raises smtplib.SMTPResponseException on a refusal."""
        smtp = self.ouvrir()
        code, reponse = smtp.mail(expediteur)
        if code != 250:
            smtp.rset()
            raise smtplib.SMTPSenderRefused(code, reponse, expediteur)
        code, reponse = smtp.rcpt(destinataire)
        if code not in (250, 251):
            smtp.rset()
            raise smtplib.SMTPRecipientsRefused({destinataire: (code, reponse)})

    def abandonner(self) -> None:
        """RSET after MAIL/RCPT: the message will not be sent."""
        if self._smtp is not None:
            try:
                self._smtp.rset()
            except smtplib.SMTPException:
                self.fermer()

    def transmettre(self, message: EmailMessage) -> str:
        """DATA: the server's answer when it accepted the message."""
        smtp = self.ouvrir()
        code, reponse = smtp.data(message.as_bytes(policy=SMTP))
        if code != 250:
            raise smtplib.SMTPDataError(code, reponse)
        return reponse.decode("utf-8", "replace")

    def fermer(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None
