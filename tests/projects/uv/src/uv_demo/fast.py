def go():
    return True
