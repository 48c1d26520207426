# Sourced by the LVS labs: a client namespace vtl-client (198.18.2.2) behind this namespace (the load balancer: 198.18.2.1,
# the VIPs 198.18.2.100 and .101), and real-server namespaces vtl-rs1..3 (198.18.3.11-13) on a bridge (198.18.3.1)
# routed through it. serve NS ADDRESS NAME starts a web server answering NAME on 8080 and prints its pid;
# requests N prints where N requests through the NAT VIP went. Cleanup: lab_cleanup.
serve() { # serve NS ADDRESS NAME: a web server answering its NAME on 8080
  mkdir -p "$work/$3" && echo "$3" > "$work/$3/index.html"
  ip netns exec "$1" /usr/bin/python3 -m http.server 8080 --bind "$2" --directory "$work/$3" >/dev/null 2>&1 &
  echo $!
}
requests() { # requests N: where N requests through the NAT VIP went, one name per line
  for _ in $(seq "$1"); do
    ip netns exec vtl-client curl -s --max-time 5 http://198.18.2.100/ || echo failed
  done
}

ip link set lo up
sysctl -qw net.ipv4.ip_forward=1
ip netns add vtl-client
ip link add vc type veth peer name c0 netns vtl-client
ip addr add 198.18.2.1/24 dev vc
ip addr add 198.18.2.100/32 dev vc
ip addr add 198.18.2.101/32 dev vc
ip link set vc up
ip -n vtl-client addr add 198.18.2.2/24 dev c0
ip -n vtl-client link set c0 up
ip -n vtl-client link set lo up
ip -n vtl-client route add default via 198.18.2.1
ip link add br0 type bridge
ip addr add 198.18.3.1/24 dev br0
ip link set br0 up
for i in 1 2 3; do
  ip netns add vtl-rs$i
  ip link add vr$i type veth peer name r0 netns vtl-rs$i
  ip link set vr$i master br0 up
  ip -n vtl-rs$i addr add 198.18.3.1$i/24 dev r0
  ip -n vtl-rs$i link set r0 up
  ip -n vtl-rs$i link set lo up
  ip -n vtl-rs$i route add default via 198.18.3.1
done
lab_cleanup() {
  for n in vtl-client vtl-rs1 vtl-rs2 vtl-rs3; do ip netns del "$n" 2>/dev/null; done
}
