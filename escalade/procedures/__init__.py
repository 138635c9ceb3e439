"""Les procédures judiciaires : injonction de payer, petites créances, transitions datées."""
