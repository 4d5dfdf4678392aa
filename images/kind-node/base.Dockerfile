# Stand-in for kind's base image (kind's images/base), for a node image built where none can be
# pulled. kind's own files (entrypoint, systemd units, containerd config; files/ in the build
# context, copied from the kind module of the pinned version by scripts/kind-node-image.sh) on
# Debian, with containerd, runc and the CNI plugins from Debian's packages instead of kind's own
# builds, and crictl built from the Go module proxy.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      systemd conntrack iptables nftables iproute2 ethtool util-linux mount kmod libseccomp2 pigz \
      fuse-overlayfs e2fsprogs bash ca-certificates curl jq procps \
      containerd runc containernetworking-plugins \
 && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* \
 && find /lib/systemd/system/sysinit.target.wants/ -name systemd-tmpfiles-setup.service -delete \
 && rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* \
      /lib/systemd/system/local-fs.target.wants/* /lib/systemd/system/sockets.target.wants/*udev* \
      /lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/* \
 && echo "ReadKMsg=no" >> /etc/systemd/journald.conf \
 && ln -sf /usr/lib/systemd/systemd /sbin/init
# kind's files after Debian's packages, so that kind's containerd unit and config win over the
# package's. kind's unit and CRI config expect containerd, ctr and the shim in /usr/local/bin and
# the CNI plugins in /opt/cni/bin.
COPY files/usr/local/bin/ /usr/local/bin/
COPY files/kind/ /kind/
COPY files/etc/ /etc/
COPY crictl /usr/local/bin/crictl
RUN chmod 0755 /usr/local/bin/* /kind /kind/bin /kind/bin/* \
 && rm -f /lib/systemd/system/containerd.service \
 && for binary in containerd ctr containerd-shim-runc-v2; do ln -sf "/usr/bin/$binary" "/usr/local/bin/$binary"; done \
 && mkdir -p /opt/cni/bin \
 && for plugin in host-local loopback ptp portmap bridge; do cp "/usr/lib/cni/$plugin" /opt/cni/bin/; done \
 && systemctl enable kubelet.service containerd.service undo-mount-hacks.service \
 && systemctl mask systemd-binfmt.service \
 && mkdir -p /etc/kubernetes/manifests \
 && ctr oci spec \
      | jq '.hooks.createContainer[.hooks.createContainer | length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' \
      | jq 'del(.process.rlimits)' > /etc/containerd/cri-base.json \
 && containerd --version && runc --version && crictl --version
# kindnetd cannot be built here: the bridge CNI plugin serves the (single-node) pod network, and
# clusters of this image disable kind's default CNI.
COPY 10-bridge.conflist /etc/cni/net.d/10-bridge.conflist
# Runs before kind's entrypoint: what a node needs where CAP_SYS_RESOURCE is missing.
RUN mv /usr/local/bin/entrypoint /usr/local/bin/entrypoint.kind
COPY node-entrypoint /usr/local/bin/entrypoint
ENV container=docker
STOPSIGNAL SIGRTMIN+3
ENTRYPOINT [ "/usr/local/bin/entrypoint", "/sbin/init" ]
