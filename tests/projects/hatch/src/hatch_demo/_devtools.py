# only in the sdist
