pyrelease_add_check(alpha)
