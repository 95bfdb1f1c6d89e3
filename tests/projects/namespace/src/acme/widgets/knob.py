class Knob:
    pass
