from ninja import Router

router = Router(tags=["Dư luận xã hội"])
