HELP = 'help'
