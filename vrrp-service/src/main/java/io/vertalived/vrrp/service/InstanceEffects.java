package io.vertalived.vrrp.service;

/**
 * Everything an {@link InstanceRunner} does outside its state machine, as small interfaces: the
 * sockets, the adverts, the addresses, the gratuitous ARPs and the transitions' notifies; and
 * the probes for other holders of its VIPs; and the address its adverts come from (the tie-break of RFC 5798 6.4.3), which may come and go.
 */
record InstanceEffects(SourceAddress source, InstanceLink link, AdvertSender adverts, VirtualAddressing addressing,
                       Announcements announcements, TransitionSink transitions, AddressProbe probe) {}
