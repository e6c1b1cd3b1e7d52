"""The window's side of review copies: the banner, the Review tab, the file conversations."""
