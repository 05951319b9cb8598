/**
 * Who does what per hospital (REQ-WORK-3): service company, server operator, manufacturer, responsible person in
 * Japan and emergency contacts, written by the hospital's admins and read by its staff.
 */
package dev.hoshu.broker.responsibility;
