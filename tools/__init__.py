"""Offline tools of the project: fitting the matcher's weights, building its real pair set."""
