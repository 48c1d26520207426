# vertalived: one image that runs any of its services (--services), as keepalived's -P/-C do.
#
#   docker build -t vertalived .
#   docker run --rm --cap-add NET_ADMIN --cap-add NET_RAW --network host \
#     -v /etc/keepalived:/etc/keepalived:ro vertalived -f /etc/keepalived/keepalived.conf
#
# The jar is built in the image by Maven (downloads cached between builds). A machine whose
# containers cannot reach Maven Central builds it on the host (`mvn package`) and passes
# --build-arg JAR_FROM=context: the image then takes launcher/target/vertalived.jar.
ARG JAR_FROM=maven

FROM debian:bookworm-slim AS maven
RUN apt-get update \
 && apt-get install -y --no-install-recommends maven openjdk-17-jdk-headless \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -DskipTests package \
 && cp launcher/target/vertalived.jar /vertalived.jar

FROM debian:bookworm-slim AS context
COPY launcher/target/vertalived.jar /vertalived.jar

FROM ${JAR_FROM} AS jar

# the lab's helpers (compose.yaml): demo web servers (iproute2: their route back through the routers)
# and the mail and webhook catcher
FROM debian:bookworm-slim AS demo
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 iproute2 \
 && rm -rf /var/lib/apt/lists/*
COPY docker/demo/ /opt/demo/
WORKDIR /srv
CMD ["python3", "/opt/demo/web.py"]

FROM debian:bookworm-slim
LABEL org.opencontainers.image.title="vertalived" \
      org.opencontainers.image.description="keepalived rebuilt as Vert.x services: VRRP, health checks, IPVS, notifications, HTTP API" \
      org.opencontainers.image.licenses="GPL-2.0-or-later"
# the JRE; iproute2 for operators' inspection; curl for the health check
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless iproute2 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/vertalived --shell /usr/sbin/nologin vertalived \
 && mkdir -p /etc/keepalived /var/lib/vertalived \
 && touch /run/vertalived.pid \
 && chown vertalived /var/lib/vertalived /run/vertalived.pid
COPY vertalived /opt/vertalived/vertalived
COPY launcher/cds/vrrp-node.classlist /opt/vertalived/launcher/cds/vrrp-node.classlist
COPY --from=jar /vertalived.jar /opt/vertalived/launcher/target/vertalived.jar
# the class-data archive and the jar a lone VRRP node starts from, by this image's JVM (docs/benchmarks.md)
RUN /opt/vertalived/vertalived cds-archive \
 || echo "no class-data archive: a lone VRRP node starts without one"
ENV VERTALIVED_STATE_DIR=/var/lib/vertalived \
    VERTALIVED_GATEWAY_ADDRESS=0.0.0.0 \
    VERTALIVED_HEALTH_PORT=8481
# the gateway (when it runs in the container)
EXPOSE 8480
# checkers, notifier and gateway run as this user; VRRP needs root with NET_ADMIN and NET_RAW
# (compose.yaml: `user: root` and cap_add for the routers)
USER vertalived
WORKDIR /var/lib/vertalived
# every process answers its own probe (--health-port), whatever services it runs
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8481/health/ready || exit 1
ENTRYPOINT ["/opt/vertalived/vertalived"]
CMD ["-f", "/etc/keepalived/keepalived.conf"]
