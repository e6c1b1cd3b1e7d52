"""A mission's delivery: metrics on their trajectories, lines of sight, the smallest basket.

Pure (pandas, numpy, scipy over the model); sits beside the engine, under the app layer.
"""
