"""Le pilotage : historique, indicateurs, rapport."""
