"""Participant widgets (ipywidgets). Imported by participant kernels: keep imports light."""
