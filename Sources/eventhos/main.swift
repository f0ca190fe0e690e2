print("eventhos")
