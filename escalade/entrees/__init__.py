"""Les entrées : fichiers de dossiers, portefeuille CSV, FEC, Factur-X/UBL, relevés bancaires,
rapprochement."""
