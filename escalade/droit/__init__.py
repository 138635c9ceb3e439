"""Le cœur juridique pur : une notion juridique par module, sans entrée-sortie ; n'importe rien du
reste du paquet."""
