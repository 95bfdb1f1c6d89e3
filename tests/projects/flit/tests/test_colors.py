import fancy.colors
