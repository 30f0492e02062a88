# Names vulture cannot see used: each is read by a framework or kept on purpose.
algorithm  # POST /match/{dataset} query parameter, accepted for yente clients (FastAPI reads it)
