import setup_demo.core
