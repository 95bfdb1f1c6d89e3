import setup_demo
