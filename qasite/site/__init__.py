"""What pages show: relations between pages, what each page displays, and rendering."""
