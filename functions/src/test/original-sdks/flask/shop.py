# A small shop using the original Flask SDK (flytrap_flask) the way its README does; capture.sh runs it and
# records what the SDK sends.
import os
import sys

sys.path.insert(0, os.environ["ORIGINAL_SDK"])
import flytrap  # noqa: E402
from flask import Flask  # noqa: E402

flytrap.init({"project_id": os.environ.get("FLYTRAP_PROJECT_ID", "PROJECT"), "api_endpoint": os.environ.get("FLYTRAP_ENDPOINT", "http://127.0.0.1:18765"), "api_key": os.environ.get("FLYTRAP_API_KEY", "KEY")})  # noqa: E501
app = Flask(__name__)
flytrap.setup_flask_error_handler(app)


@app.route("/orders/<int:order_id>")
def order(order_id):
    order = None
    return {"total": order["total"]}


@app.route("/refund")
def refund():
    try:
        return {"refunded": 1 / 0}
    except ZeroDivisionError as e:
        flytrap.capture_exception(e)
        return {"refunded": 0}


client = app.test_client()
client.get("/refund")
try:
    client.get("/orders/7")
except TypeError:
    pass  # the SDK's handler re-raises
