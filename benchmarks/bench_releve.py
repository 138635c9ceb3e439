"""Benchmark: reading and matching a CAMT.053 statement grows linearly with its entries.

For 1 000, 2 000, 4 000 and 8 000 entries (credits without bank reference, each naming an
invoice in its label or only its payer, against as many open invoices of as many debtors),
prints in the same run:

- baseline: parsing the same XML alone with defusedxml (the floor: no reading can beat it);
- lecture: `escalade.entrees.releve_bancaire.lire_releve` (every entry validated);
- rapprochement: `escalade.entrees.rapprochement.rapprocher` against the open invoices;

and the time per entry, which must stay flat when the size doubles (it grew with the size
before: 1 000 entries 18 s, 4 000 entries 305 s). No store: the matching is pure.

Usage: .venv/bin/python benchmarks/bench_releve.py [N ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


def generer(n: int) -> bytes:
    entrees = []
    for i in range(n):
        if i % 2:
            libelle, payeur = f"VIR SEPA REGLEMENT FA-2026-{i:05d}", f"Client {i} SARL"
        else:
            libelle, payeur = "VIR SEPA", f"Client {i} SARL"
        entrees.append(
            f'<Ntry><Amt Ccy="EUR">{100 + i % 97}.{i % 100:02d}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
            "<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-11-02</Dt></BookgDt>"
            f"<ValDt><Dt>2026-11-02</Dt></ValDt><NtryDtls><TxDtls>"
            f"<RltdPties><Dbtr><Pty><Nm>{payeur}</Nm></Pty></Dbtr></RltdPties>"
            f"<RmtInf><Ustrd>{libelle}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NS}"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>B</MsgId><CreDtTm>2026-11-02T20:00:00</CreDtTm></GrpHdr>"
        "<Stmt><Id>1</Id>\n" + "".join(entrees) + "</Stmt></BkToCstmrStmt></Document>\n"
    ).encode()


def mesurer(n: int, dossier: Path) -> tuple[float, float, float, int]:
    from defusedxml.ElementTree import fromstring

    from escalade.entrees.rapprochement import FactureOuverte, rapprocher
    from escalade.entrees.releve_bancaire import lire_releve

    contenu = generer(n)
    chemin = dossier / f"releve-{n}.xml"
    chemin.write_bytes(contenu)
    factures = [
        FactureOuverte(
            f"D{i}",
            f"FA-2026-{i:05d}",
            Decimal(f"{100 + i % 97}.{i % 100:02d}"),
            f"Client {i} SARL",
            date(2026, 10, 1),
        )
        for i in range(n)
    ]
    debut = time.perf_counter()
    fromstring(chemin.read_bytes(), forbid_dtd=True)
    base = time.perf_counter() - debut
    debut = time.perf_counter()
    releve = lire_releve(chemin)
    lecture = time.perf_counter() - debut
    debut = time.perf_counter()
    resultat = rapprocher(releve.credits, factures)
    rapprochement = time.perf_counter() - debut
    return base, lecture, rapprochement, len(resultat.surs)


def main() -> None:
    tailles = [int(x) for x in sys.argv[1:]] or [1_000, 2_000, 4_000, 8_000]
    print(f"{'entrées':>8} {'XML seul':>10} {'lecture':>10} {'rapproch.':>10} "
          f"{'µs/entrée (lecture+rapproch.)':>30} {'sûrs':>6}")  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        for n in tailles:
            base, lecture, rapprochement, surs = mesurer(n, Path(d))
            par_entree = (lecture + rapprochement) / n * 1e6
            print(
                f"{n:>8} {base:>9.3f}s {lecture:>9.3f}s {rapprochement:>9.3f}s "
                f"{par_entree:>30.1f} {surs:>6}"
            )


if __name__ == "__main__":
    main()
