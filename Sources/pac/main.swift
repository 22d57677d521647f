print("pac")
