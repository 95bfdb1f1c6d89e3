# not test*.py: not in the sdist by default
