"""Meeting mode: the agenda on the laptop, the presenter view on the projector."""
