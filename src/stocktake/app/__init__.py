"""The application layer: what the window and the command line share."""
