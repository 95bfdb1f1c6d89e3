import uv_demo.fast
