"""Le RGPD : durées de conservation, notes sensibles, registre des traitements."""
