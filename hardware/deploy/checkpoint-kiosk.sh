#!/bin/sh
# Full-screen kiosk for the guard: waits for the gate service, then keeps Chromium on the kiosk
# page, restarting it if it exits. Run in the kiosk user's graphical session
# (checkpoint-kiosk.service, or an autostart entry).
#
#   CHECKPOINT_KIOSK_URL   page to show            (default http://127.0.0.1:8081/)
#   CHECKPOINT_CHROMIUM    browser binary          (default /usr/bin/chromium)
#   CHECKPOINT_KIOSK_PROFILE  browser profile dir  (default $HOME/.local/share/checkpoint-kiosk)
#   CHECKPOINT_KIOSK_ONCE  set to 1: run the browser once instead of restarting it
set -u

url="${CHECKPOINT_KIOSK_URL:-http://127.0.0.1:8081/}"
chromium="${CHECKPOINT_CHROMIUM:-/usr/bin/chromium}"
profile="${CHECKPOINT_KIOSK_PROFILE:-${HOME:-/tmp}/.local/share/checkpoint-kiosk}"

if [ ! -x "$chromium" ]; then
  echo "checkpoint-kiosk: $chromium not found: apt-get install chromium, or set CHECKPOINT_CHROMIUM" >&2
  exit 1
fi
mkdir -p "$profile"

# The page is served by the gate service on this machine; wait rather than show an error page.
if ! command -v curl >/dev/null 2>&1; then
  echo "checkpoint-kiosk: curl not found (apt-get install curl); not waiting for the gate service" >&2
fi
tries=0
until ! command -v curl >/dev/null 2>&1 || curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -eq 1 ] || [ $((tries % 30)) -eq 0 ]; then echo "checkpoint-kiosk: waiting for the gate service at $url" >&2; fi
  sleep 1
done

# Chromium refuses to run as root without --no-sandbox; a kiosk should not run as root at all.
sandbox=""
if [ "$(id -u)" -eq 0 ]; then
  echo "checkpoint-kiosk: running as root; use a dedicated kiosk user in production" >&2
  sandbox="--no-sandbox"
fi

while :; do
  # A crash must not leave a "restore pages?" bubble in front of the guard.
  sed -i 's/"exited_cleanly":false/"exited_cleanly":true/; s/"exit_type":"Crashed"/"exit_type":"Normal"/' "$profile/Default/Preferences" 2>/dev/null
  "$chromium" $sandbox \
    --kiosk "--app=$url" \
    "--user-data-dir=$profile" \
    --no-first-run --noerrdialogs --disable-infobars --disable-session-crashed-bubble \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-features=Translate,TranslateUI --disable-pinch --overscroll-history-navigation=0 \
    --check-for-update-interval=31536000 --autoplay-policy=no-user-gesture-required
  status=$?
  [ "${CHECKPOINT_KIOSK_ONCE:-0}" = "1" ] && exit "$status"
  echo "checkpoint-kiosk: browser exited ($status); restarting" >&2
  # A crashed browser's helper processes (IndexedDB's storage service among them) outlive it for a
  # moment, still holding the profile's databases, the kiosk's journal among them: start the next
  # browser only once they are all gone.
  while command -v pgrep >/dev/null 2>&1 && pgrep -f -- "--user-data-dir=$profile" >/dev/null; do sleep 0.2; done
  sleep 2
done
