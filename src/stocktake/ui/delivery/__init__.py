"""The Delivery tab: metrics against their trajectories, line of sight, basket advice."""
