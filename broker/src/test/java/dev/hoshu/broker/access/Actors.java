package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import java.util.Set;

/** The quickstart's cast, plus a few with unusual role mixes. */
final class Actors {

    static final Actor SATO = new Actor("sato", "medserve", Set.of("engineer"), "佐藤 健");
    static final Actor YAMADA = new Actor("yamada", "medserve", Set.of("engineer"), "山田 太郎");
    static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中 花子");
    static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木 一郎");
    static final Actor KATO = new Actor("kato", "hosp-b", Set.of("approver", "hospital-admin"), "加藤 誠");
    /** A hospital engineer who is also an approver: may ask, must not approve their own ask. */
    static final Actor INOUE = new Actor("inoue", "hosp-a", Set.of("engineer", "approver"), "井上 陽");

    private Actors() {
    }
}
