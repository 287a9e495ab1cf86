from ninja import Router

router = Router(tags=["Nhiệm vụ"])
