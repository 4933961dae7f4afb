app_name = "open_data"
urlpatterns: list = []
