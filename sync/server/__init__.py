"""The reference exchange platform: FastAPI over SQLModel, with a department simulator.

Start it with ``counter-desk exchange serve``; build it in code with
`sync.server.app.create_app`.
"""
