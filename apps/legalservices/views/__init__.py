"""Views of public legal services, split by page group (thin: form, selector, render)."""
