# A project's own cache variable (from the command line, -args.txt) carries a credential URL.
