# The URL comes from the command line (-args.txt); the module refuses it when included.
