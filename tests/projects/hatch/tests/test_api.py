from hatch_demo.api import ping
