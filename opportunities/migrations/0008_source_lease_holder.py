from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0007_source_payload_hash"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="lease_holder",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
    ]
