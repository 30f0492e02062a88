"""``python -m dualwatch``, and the file ``spark-submit`` runs on a cluster: the command line."""

from dualwatch.cli import main

if __name__ == "__main__":
    main()
