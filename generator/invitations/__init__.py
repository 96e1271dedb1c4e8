"""Personal invitations: one e-mail per member, text messages, sending through SMTP with a
committed sent-log.
"""
