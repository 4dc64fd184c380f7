"""Pickup (领取): finding the case, who collects, and recording the delivery."""
