"""The facilitator dashboard: a key-protected control view and a projector view (ipywidgets)."""
