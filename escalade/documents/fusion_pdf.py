"""The merged PDF of a batch, to print: each letter's pages copied to one file as they come.

A minimal PDF writer (objects renumbered per source, one page tree, classic xref) fed by
qpdf's parser (pikepdf): memory does not grow with the batch, and the file is put in
place atomically only once complete. Each letter's own PDF/A stays the archive.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

_HERITES: Final = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# In qpdf's serialisation of a dictionary or an array: a literal string (qpdf escapes the
# parentheses and backslashes inside one), skipped, or an indirect reference "N G R".
_CHAINE_OU_REFERENCE: Final = re.compile(
    rb"\((?:[^\\()]|\\.)*\)|(?<![\w.#/+-])(\d+) (\d+) R(?!\w)", re.S
)


def fusionner(fichiers: list[Path], cible: Path) -> None:
    """One PDF to print, streamed: each letter's pages and what they use are copied to the
    output as they are read (qpdf parses, this writes), so memory does not grow with the
    batch. The merged file is for printing; each letter's own PDF/A stays the archive."""
    with Fusion(cible) as fusion:
        for chemin in fichiers:
            fusion.ajouter(chemin)
        fusion.valider()


class Fusion:
    """The merged PDF written as letters come (in the batch's order), while the workers
    render the next ones: no serial merge after the last letter. Only `valider()` puts the
    file in place (atomically); otherwise the partial file is removed on exit."""

    def __init__(self, cible: Path) -> None:
        self.cible = cible
        self.temporaire = cible.with_name(f".{cible.name}.partiel")  # replaced in __enter__
        self.fichier: Any = None
        self.ecrivain: _Concatenation | None = None
        self.lettres = 0

    def __enter__(self) -> Fusion:
        import tempfile

        import pikepdf

        # A fresh file (O_EXCL): a symbolic link planted under a predictable partial name
        # is never followed.
        descripteur, nom = tempfile.mkstemp(dir=self.cible.parent, prefix=f".{self.cible.name}.",
                                            suffix=".partiel")  # fmt: skip
        self.temporaire = Path(nom)
        self.fichier = os.fdopen(descripteur, "wb")
        self.ecrivain = _Concatenation(pikepdf, self.fichier)
        return self

    def ajouter(self, chemin: Path) -> None:
        assert self.ecrivain is not None
        self.ecrivain.ajouter(chemin)
        self.lettres += 1

    def valider(self) -> None:
        assert self.ecrivain is not None
        self.ecrivain.terminer()
        self.fichier.flush()
        os.fsync(self.fichier.fileno())
        self.fichier.close()
        os.replace(self.temporaire, self.cible)

    def __exit__(self, *args: object) -> None:
        if self.fichier is not None:
            self.fichier.close()
        self.temporaire.unlink(missing_ok=True)


class _Concatenation:
    """A minimal PDF writer: objects renumbered per source, one page tree, classic xref."""

    CATALOGUE, PAGES = 1, 2

    def __init__(self, pikepdf: Any, sortie: Any) -> None:
        self.pk = pikepdf
        self.types = pikepdf.ObjectType
        self.sortie = sortie
        self.positions: list[int] = [0, 0, 0]  # objects 1 and 2 are written last
        self.pages: list[int] = []
        self._renumeroter: Callable[[tuple[int, int]], int] = lambda cle: 0
        self.sortie.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def ajouter(self, chemin: Path) -> None:
        with self.pk.Pdf.open(chemin) as source:
            self._source(source)

    def terminer(self) -> None:
        kids = b" ".join(b"%d 0 R" % n for n in self.pages)
        self._objet(
            self.PAGES, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(self.pages), kids)
        )
        self._objet(self.CATALOGUE, b"<< /Type /Catalog /Pages 2 0 R >>")
        debut_xref = self.sortie.tell()
        lignes = [b"xref\n0 %d\n0000000000 65535 f \n" % len(self.positions)]
        lignes += [b"%010d 00000 n \n" % p for p in self.positions[1:]]
        self.sortie.write(b"".join(lignes))
        self.sortie.write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self.positions), debut_xref)
        )

    def _objet(self, numero: int, contenu: bytes) -> None:
        self.positions[numero] = self.sortie.tell()
        self.sortie.write(b"%d 0 obj\n" % numero + contenu + b"\nendobj\n")

    def _nouveau(self) -> int:
        self.positions.append(0)
        return len(self.positions) - 1

    def _source(self, source: Any) -> None:
        table: dict[tuple[int, int], int] = {}
        a_ecrire: list[Any] = []

        def reference(o: Any) -> int:
            return renumeroter(o.objgen)

        def renumeroter(cle: tuple[int, int]) -> int:
            if cle not in table:
                table[cle] = self._nouveau()
                a_ecrire.append(source.get_object(cle))
            return table[cle]

        self._renumeroter = renumeroter

        for page in source.pages:
            dictionnaire = page.obj
            numero = self._nouveau()
            self.pages.append(numero)
            table[dictionnaire.objgen] = numero
            champs = {k: dictionnaire[k] for k in dictionnaire if k != "/Parent"}
            for cle in _HERITES:
                parent = dictionnaire.get("/Parent")
                while cle not in champs and parent is not None:
                    if cle in parent:
                        champs[cle] = parent[cle]
                    parent = parent.get("/Parent")
            corps = b"".join(
                self.pk.Name(k).unparse() + b" " + self._valeur(v, reference)
                for k, v in champs.items()
            )
            self._objet(numero, b"<< " + corps + b" /Parent 2 0 R >>")
        while a_ecrire:
            o = a_ecrire.pop()
            self._objet(table[o.objgen], self._direct(o))

    def _remplacer(self, m: re.Match[bytes]) -> bytes:
        if m[1] is None:  # a string: as it is
            return m[0]
        return b"%d 0 R" % self._renumeroter((int(m[1]), int(m[2])))

    def _dictionnaire(self, o: Any) -> bytes:
        """qpdf's own serialisation of a dictionary or an array, its references "N G R"
        renumbered by a regular expression instead of walking the object in Python (most
        of a letter's values hold none: the fonts' width arrays, descriptors, copied as
        they are)."""
        brut = bytes(o.unparse(resolved=True))  # an indirect one: its value
        if b" R" not in brut:
            return brut
        return _CHAINE_OU_REFERENCE.sub(self._remplacer, brut)

    def _valeur(self, o: Any, reference: Callable[[Any], int]) -> bytes:
        # pikepdf hands PDF scalars over as Python values.
        if o is None:
            return b"null"
        if isinstance(o, bool):
            return b"true" if o else b"false"
        if isinstance(o, int):
            return b"%d" % o
        if isinstance(o, Decimal | float):
            return format(Decimal(o), "f").encode("ascii")
        if o.is_indirect:
            return b"%d 0 R" % reference(o)
        return self._direct(o)

    def _direct(self, o: Any) -> bytes:
        t = o._type_code
        if t == self.types.dictionary or t == self.types.array:
            return self._dictionnaire(o)
        if t == self.types.stream:
            brut = o.read_raw_bytes()
            d = o.stream_dict
            d.Length = len(brut)  # in the source read in memory: the data copied as it is
            return b"%s\nstream\n%s\nendstream" % (self._dictionnaire(d), brut)
        return bytes(o.unparse())
