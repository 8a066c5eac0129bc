#!/usr/bin/env bash
# Makes the store of a released build for UpgradeTests: builds <commit> outside this checkout, runs it on a private
# Azurite with a few demo key persons and the simulator, drives demands into every state through its API (see drive),
# stops it as Ctrl+C does, and dumps both containers into Fixtures/store-<commit>/.
#   bash tests/Dispatch.Web.Tests/Fixtures/make-store.sh <commit>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/lib.sh"
commit="${1:?the commit of the released build}"
fixtures="$root/tests/Dispatch.Web.Tests/Fixtures"
out="$fixtures/store-$commit"
# The build is kept between runs (it takes minutes); the store is made afresh each time.
work="/tmp/dispatch-store-$commit"
store="$(mktemp -d /tmp/dispatch-store-data-XXXXXX)"
blob_port=10731 app_port=5731
url="http://127.0.0.1:$app_port"
ensure_azurite

if [ ! -f "$work/src/Dispatch.Web/bin/Release/net10.0/Dispatch.Web.dll" ]; then
  mkdir -p "$work"
  git -C "$root" archive "$commit" | tar -x -C "$work"
  dotnet build "$work/src/Dispatch.Web" -c Release --nologo -v quiet
fi
node "$azurite_main" --blobHost 127.0.0.1 --blobPort "$blob_port" --location "$store/azurite" \
  --skipApiVersionCheck --loose --silent &
azurite_pid=$!
trap 'stop_process $azurite_pid' EXIT
until (exec 3<>"/dev/tcp/127.0.0.1/$blob_port") 2>/dev/null; do sleep 0.1; done
connection="$(azurite_connection "$blob_port")"
(cd "$work/src/Dispatch.Web" && exec dotnet bin/Release/net10.0/Dispatch.Web.dll --urls "$url" \
  --Dispatch:Storage:ConnectionString="$connection" \
  --Dispatch:Orleans:SiloPort=11731 --Dispatch:Orleans:GatewayPort=30731 \
  --Dispatch:Simulator:Enabled=true --Dispatch:DemoData:KeyPersonsPerCommunity=1 \
  --Dispatch:Auth:DemoUsers=true --Dispatch:Auth:SigningKey="store-fixture-signing-key-0123456789abcdef" \
  --Dispatch:AllowDevelopmentSecrets=true > "$store/app.log" 2>&1) &
app_pid=$!
trap 'stop_process $app_pid; stop_process $azurite_pid' EXIT
until curl -sf "$url/health" >/dev/null; do
  kill -0 $app_pid 2>/dev/null || { echo "the app stopped while starting: see $store/app.log" >&2; exit 1; }
  sleep 0.5
done

token() {
  curl -sf -X POST "$url/api/auth/token" -H 'content-type: application/json' \
    -d "{\"userName\":\"$1\",\"password\":\"Dispatch!2026\"}" | jq -r .accessToken
}
dispatcher="$(token dispatcher)" head="$(token head-chengxiang)" worker="$(token worker-w001)"
# post <token> <path> <json>: the answer's demand id (or the whole answer with a jq filter as $4).
post() {
  curl -sf -X POST "$url$2" -H "authorization: Bearer $1" -H 'content-type: application/json' -d "$3" | jq -r "${4:-.demand.id}"
}
report() {
  post "$dispatcher" /api/demands "{\"communityId\":\"chengxiang-c01\",\"categoryId\":\"elderly-alone\",\"serviceType\":\"ElderlyAndChildCare\",
    \"urgency\":\"$1\",\"description\":\"$2\",\"person\":{\"name\":\"王秀英\",\"phone\":\"13912345678\"},
    \"reporter\":{\"name\":\"李网格\",\"channel\":\"GridWorker\"}}"
}
act() { post "$1" "/api/demands/$2/$3" "${4:-"{}"}" >/dev/null; }
today="$(TZ=Asia/Shanghai date +%F)"
in_days() { TZ=Asia/Shanghai date -d "+$1 days" +%F; }
step() {
  case "$2" in
    Assessment) form='"assessment":{"needs":[{"serviceType":"ElderlyAndChildCare","description":"独居，需要助餐"}]}' ;;
    Grading) form='"grading":{"riskLevel":"Medium","reason":"独居高龄"}' ;;
    Plan) form="\"plan\":{\"goals\":[\"每周两次助餐到户\"],\"actions\":[{\"description\":\"申请临时救助\",\"due\":\"$(in_days 14)\",\"resource\":\"镇慈善基金\"}]}" ;;
    Execution) form="\"execution\":{\"services\":[{\"serviceType\":\"ElderlyAndChildCare\",\"personTimes\":2,\"on\":\"$today\",\"description\":\"上门助餐\"}]}" ;;
    FollowUp) form="\"followUp\":{\"result\":\"状况稳定\",\"nextFollowUpOn\":\"$(in_days 7)\"}" ;;
  esac
  act "$worker" "$1" steps "{\"step\":\"$2\",$form}"
}
to_service() {
  act "$dispatcher" "$1" dispatch '{"stationId":"chengxiang"}'
  act "$head" "$1" accept
  act "$head" "$1" assign '{"workerId":"w001"}'
  act "$worker" "$1" contact '{"note":"已电话联系"}'
}

# One demand left in each state, and the detours: a return and re-dispatch, a cancel, a referral answered, a callback.
report Routine "只上报" >/dev/null
act "$dispatcher" "$(report Normal "已派单")" dispatch '{"stationId":"chengxiang"}'
returned="$(report Normal "退回后再派单")"
act "$dispatcher" "$returned" dispatch '{"stationId":"shaxi"}'
act "$(token head-shaxi)" "$returned" return '{"reason":"不属于本站辖区"}'
act "$dispatcher" "$returned" dispatch '{"stationId":"chengxiang"}'
act "$head" "$returned" accept
assigned="$(report Urgent "已指派")"
act "$dispatcher" "$assigned" dispatch '{"stationId":"chengxiang"}'
act "$head" "$assigned" accept
act "$head" "$assigned" assign '{"workerId":"w001"}'
in_service="$(report Normal "服务中")"
to_service "$in_service"
step "$in_service" Assessment
step "$in_service" Grading
closed="$(report Urgent "已结案")"
to_service "$closed"
for s in Assessment Grading Plan Execution FollowUp; do step "$closed" "$s"; done
referral="$(post "$worker" "/api/demands/$closed/refer" '{"department":"民政办","reason":"申请低保"}' '.demand.referrals[0].id')"
act "$worker" "$closed" "referrals/$referral/answer" '{"answer":"已受理"}'
act "$worker" "$closed" close '{"summary":"服务完成"}'
act "$dispatcher" "$closed" callback '{"rating":5,"note":"满意"}'
act "$dispatcher" "$(report Routine "重复上报")" cancel '{"reason":"重复上报"}'
# A visit by w001 to someone in their round that finds a need: the need becomes a demand about the person.
person="$(curl -sf "$url/api/visits/plan" -H "authorization: Bearer $worker" | jq -r '[.[] | select(.workerId == "w001")][0].personId')"
post "$worker" "/api/key-persons/$person/visits" "{\"on\":\"$today\",\"found\":true,\"observations\":\"老人独居，冰箱空了\",
  \"needs\":[{\"description\":\"需要助餐服务\",\"serviceType\":\"ElderlyAndChildCare\",\"urgency\":\"Normal\"}]}" .id >/dev/null

# The simulator takes in and walks its own demands and visits people meanwhile.
sleep "${STORE_SIMULATION_SECONDS:-90}"
stop_process $app_pid
rm -rf "$out"
dotnet run "$fixtures/dump-store.cs" -- "$connection" "$out" dispatch-state dispatch-reminders
echo "made from $commit at $(date -u +%FT%TZ); app log: $store/app.log"
