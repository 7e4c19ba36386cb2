"""The domain and its engine: campaigns, people, pledges, volunteers, audiences and broadcasts."""
