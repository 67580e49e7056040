import socket

pytest_plugins = ["sendgate.pytest_plugin"]

# Every Python peer these tests make (servers, clients, accepted connections) gives up after 30 s instead of
# hanging the build when the service does not do what a test expects; a test checks bytes, never time.
socket.setdefaulttimeout(30)
