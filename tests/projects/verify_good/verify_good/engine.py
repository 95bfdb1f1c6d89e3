def run():
    return "engine ok"
