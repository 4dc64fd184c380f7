"""A recorded case's life: states and moves, actions, timeline, deadlines, delivery, the queue."""
