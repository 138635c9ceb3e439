"""Benchmark: import a FEC of 1 000 000 lines into a fresh store (target: under 60 s).

Generates, in a temporary folder, a FEC of sales entries (customer debit, revenue and VAT
credits: 3 lines) and bank receipts (bank debit, customer credit: 2 lines) for 5 000
customers, most invoices fully lettered, some partly, some open; a customer CSV; a
creditor file. Then, each in its own process so that peak memory is its own:

- baseline: a plain `csv.reader` over the same file (reading, nothing else);
- parse: `escalade.entrees.fec` validating every line and rebuilding the open items;
- import: `escalade importer --fec` end to end (parse, validate, one store transaction).

Prints wall time and peak RSS of each. Usage: .venv/bin/python benchmarks/bench_fec.py [LINES]
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLONNES = (
    "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
    "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
    "ValidDate\tMontantdevise\tIdevise"
)
CLIENTS = 5_000


def _montant(centimes: int) -> str:
    return f"{centimes // 100},{centimes % 100:02d}"


def generer(dossier: Path, lignes_visees: int) -> tuple[Path, Path, Path]:
    alea = random.Random(42)
    fec = dossier / "732829320FEC20261231.txt"
    n = 1
    num = 0
    lettres: dict[int, int] = {}
    with fec.open("w", encoding="utf-8") as f:
        f.write(COLONNES + "\n")
        while n < lignes_visees:
            num += 1
            c = alea.randrange(CLIENTS)
            aux = f"411C{c:05d}"
            nom = f"Client {c}"
            jour = f"2026{alea.randint(1, 10):02d}{alea.randint(1, 28):02d}"
            ttc = alea.randint(1_000, 500_000)
            ht = ttc * 100 // 120
            piece = f"FA{num:07d}"
            sort = alea.random()
            lettre = ""
            if sort < 0.85:
                lettres[c] = lettres.get(c, 0) + 1
                lettre = f"L{lettres[c]}"
            f.write(
                f"VT\tVentes\t{num}\t{jour}\t411000\tClients\t{aux}\t{nom}\t{piece}\t{jour}\t"
                f"{nom} {piece}\t{_montant(ttc)}\t0,00\t{lettre}\t{'20261231' if lettre else ''}"
                f"\t{jour}\t\t\n"
                f"VT\tVentes\t{num}\t{jour}\t706000\tPrestations\t\t\t{piece}\t{jour}\t"
                f"{nom} {piece}\t0,00\t{_montant(ht)}\t\t\t{jour}\t\t\n"
                f"VT\tVentes\t{num}\t{jour}\t445710\tTVA collectée\t\t\t{piece}\t{jour}\t"
                f"{nom} {piece}\t0,00\t{_montant(ttc - ht)}\t\t\t{jour}\t\t\n"
            )
            n += 3
            if lettre:
                paye = ttc if sort < 0.75 else ttc // 2  # 10 % are partly lettered
                f.write(
                    f"BQ\tBanque\tB{num}\t{jour}\t512000\tBanque\t\t\tVIR{num}\t{jour}\t"
                    f"Virement {nom}\t{_montant(paye)}\t0,00\t\t\t{jour}\t\t\n"
                    f"BQ\tBanque\tB{num}\t{jour}\t411000\tClients\t{aux}\t{nom}\tVIR{num}\t"
                    f"{jour}\tVirement {nom}\t0,00\t{_montant(paye)}\t{lettre}\t20261231\t"
                    f"{jour}\t\t\n"
                )
                n += 2
    clients = dossier / "clients.csv"
    with clients.open("w", encoding="utf-8") as f:
        f.write("compte;nom;type;siren;email;adresse;code_postal;ville\n")
        for c in range(CLIENTS):
            f.write(f"411C{c:05d};Client {c} SAS;professionnel;;;1 rue du Port;33000;Bordeaux\n")
    creancier = dossier / "creancier.yaml"
    creancier.write_text(
        'nom: Atelier Durand SARL\nsiren: "732829320"\n'
        'adresse: {lignes: ["12 rue de la Paix"], code_postal: "75002", ville: Paris}\n',
        encoding="utf-8",
    )
    return fec, clients, creancier


BASELINE = """
import csv, sys
n = 0
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for ligne in csv.reader(f, delimiter="\\t", quoting=csv.QUOTE_NONE):
        n += 1
print(n)
"""

ANALYSE = """
import sys
from pathlib import Path
from escalade.entrees.fec_lettrage import lire_fec
from escalade.entrees.fec_lignes import lire_fichier_fec
clients = sum(1 for _ in lire_fec(lire_fichier_fec(Path(sys.argv[1]))))
print(clients)
"""


MESURE = """
import resource, sys
code = sys.argv[1]
sys.argv = sys.argv[1:]
try:
    exec(compile(code, "<mesure>", "exec"), {"__name__": "__main__", "sys": sys})
finally:
    sys.stderr.write(f"\\nRSS:{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
"""
IMPORT = "import sys\nfrom escalade.cli import main\nmain(sys.argv[1:])\n"


def mesurer(etiquette: str, code: str, *arguments: str) -> float:
    """Run `code` in a fresh interpreter; print its wall time and its own peak RSS."""
    debut = time.perf_counter()
    resultat = subprocess.run(
        [sys.executable, "-c", MESURE, code, *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    duree = time.perf_counter() - debut
    if resultat.returncode != 0:
        print(f"{etiquette} : échec\n{resultat.stdout}\n{resultat.stderr}", file=sys.stderr)
        sys.exit(1)
    pic = [x for x in resultat.stderr.splitlines() if x.startswith("RSS:")][-1][4:]
    print(f"{etiquette:<42} {duree:7.1f} s   pic RSS {int(pic) / 1024:6.0f} Mio")
    return duree


def main() -> None:
    lignes = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        dossier = Path(tmp)
        debut = time.perf_counter()
        fec, clients, creancier = generer(dossier, lignes)
        taille = fec.stat().st_size / 1e6
        print(
            f"FEC de {lignes} lignes ({taille:.0f} Mo), {CLIENTS} clients, "
            f"généré en {time.perf_counter() - debut:.1f} s"
        )
        base = mesurer("référence : csv.reader seul", BASELINE, str(fec))
        mesurer("lecture FEC + lettrage (escalade.entrees.fec)", ANALYSE, str(fec))
        total = mesurer(
            "escalade importer --fec (dépôt SQLite)",
            IMPORT,
            "importer", "--fec", str(fec), "--clients", str(clients),
            "--creancier", str(creancier), "--db", str(dossier / "bench.sqlite"),
        )  # fmt: skip
        print(f"import / référence : {total / base:.1f} x ; objectif : moins de 60 s")


if __name__ == "__main__":
    main()
